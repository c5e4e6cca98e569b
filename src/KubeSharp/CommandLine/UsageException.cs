namespace KubeSharp.CommandLine;

/// <summary>The command line is wrong; printed with the usage and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
