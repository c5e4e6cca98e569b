namespace KubeSharp.ApiServer.Auth;

/// <summary>Who made a request: user name and groups, as upstream's user.Info.</summary>
internal sealed record UserInfo(string Name, IReadOnlyList<string> Groups);
