using Microsoft.AspNetCore.Http;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// The streams an exec or attach session carries (upstream's remotecommand Options). Read from the
/// query as upstream's kubelet reads it: <c>input</c>, <c>output</c>, <c>error</c> and <c>tty</c>, which
/// is what the API server sends; the API's own names <c>stdin</c>, <c>stdout</c> and <c>stderr</c> are
/// taken too. A flag is set by "1" (upstream's kubelet) or any of Go's spellings of true.
/// </summary>
internal readonly record struct RemoteCommandOptions(bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    /// <summary>Upstream's message when no stream is asked for.</summary>
    public const string NoStreamsMessage = "you must specify at least 1 of stdin, stdout, stderr";

    /// <summary>The options of the query; null when it asks for none of stdin, stdout and stderr. With a tty, stderr is dropped (a terminal has one output), as upstream does.</summary>
    public static RemoteCommandOptions? FromQuery(IQueryCollection query)
    {
        var tty = Flag(query, "tty", null);
        var stdin = Flag(query, "input", "stdin");
        var stdout = Flag(query, "output", "stdout");
        var stderr = Flag(query, "error", "stderr") && !tty;
        return stdin || stdout || stderr ? new RemoteCommandOptions(stdin, stdout, stderr, tty) : null;
    }

    /// <summary>The command to run: every <c>command</c> value, in order.</summary>
    public static IReadOnlyList<string> Command(IQueryCollection query) =>
        [.. query["command"].OfType<string>()];

    /// <summary>These options for a terminal that is (or is not) there: attach follows the container's own tty setting, and a terminal has no stderr.</summary>
    public RemoteCommandOptions WithTty(bool tty) => this with { Tty = tty, Stderr = Stderr && !tty };

    private static bool Flag(IQueryCollection query, string name, string? alias)
    {
        var values = query[name];
        if (values.Count == 0 && alias is not null)
        {
            values = query[alias];
        }

        // The first value counts, as Go's FormValue takes it; strconv.ParseBool's spellings of true.
        return values.Count > 0 && values[0] is "1" or "t" or "T" or "true" or "TRUE" or "True";
    }
}
