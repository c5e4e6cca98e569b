using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KubeSharp.Commands;

/// <summary>One line per message on stderr, with the time and the component (the logger's category).</summary>
internal static class Logging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(Environment.GetEnvironmentVariable("KUBESHARP_DEBUG") is "1" ? LogLevel.Debug : LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
