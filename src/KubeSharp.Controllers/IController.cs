namespace KubeSharp.Controllers;

/// <summary>A controller the controller manager runs: a name (for --disable) and a loop until cancelled.</summary>
public interface IController
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
