using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;

namespace KubeSharp.Scheduler.Config;

/// <summary>
/// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), read from YAML or JSON with
/// upstream's field names and defaults. Unknown fields are errors, so a misspelt option is not
/// silently ignored.
/// </summary>
public sealed record SchedulerConfiguration
{
    public const string ApiVersion = "kubescheduler.config.k8s.io/v1";

    /// <summary>How many nodes are filtered and scored at once.</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>0 = adaptive (50% minus 1% per 125 nodes, at least 5%), as upstream.</summary>
    public int PercentageOfNodesToScore { get; init; }

    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public LeaderElectionConfiguration LeaderElection { get; init; } = new();

    public IReadOnlyList<SchedulerProfile> Profiles { get; init; } = [new SchedulerProfile()];

    public static SchedulerConfiguration Default { get; } = new();

    public static SchedulerConfiguration Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <exception cref="ArgumentException">The document is not a valid configuration; the message says where.</exception>
    public static SchedulerConfiguration Parse(byte[] document, string source)
    {
        JsonObject root;
        try
        {
            root = YamlToJson.Convert(document, 64);
        }
        catch (ApiException error)
        {
            throw new ArgumentException($"{source}: {error.Message}", error);
        }

        var reader = new ConfigReader(source);
        reader.Only(root, string.Empty, "apiVersion", "kind", "parallelism", "percentageOfNodesToScore", "podInitialBackoffSeconds", "podMaxBackoffSeconds", "leaderElection", "profiles", "clientConnection", "enableProfiling", "enableContentionProfiling", "extenders", "delayCacheUntilActive");
        if (reader.String(root, "apiVersion") is { } version && version != ApiVersion)
        {
            throw reader.Error("apiVersion", $"must be {ApiVersion}, not \"{version}\"");
        }

        if (reader.String(root, "kind") is { } kind && kind != "KubeSchedulerConfiguration")
        {
            throw reader.Error("kind", $"must be KubeSchedulerConfiguration, not \"{kind}\"");
        }

        var defaults = new SchedulerConfiguration();
        var configuration = new SchedulerConfiguration
        {
            Parallelism = reader.Int(root, "parallelism", 1, 1024) ?? defaults.Parallelism,
            PercentageOfNodesToScore = reader.Int(root, "percentageOfNodesToScore", 0, 100) ?? 0,
            PodInitialBackoff = TimeSpan.FromSeconds(reader.Int(root, "podInitialBackoffSeconds", 1, 3600) ?? 1),
            PodMaxBackoff = TimeSpan.FromSeconds(reader.Int(root, "podMaxBackoffSeconds", 1, 3600) ?? 10),
            LeaderElection = root["leaderElection"] is JsonObject election ? ReadLeaderElection(reader, election) : defaults.LeaderElection,
            Profiles = root["profiles"] is JsonArray profiles && profiles.Count > 0
                ? [.. profiles.Select((profile, i) => ReadProfile(reader, profile as JsonObject ?? throw reader.Error($"profiles[{i}]", "must be an object"), $"profiles[{i}]"))]
                : defaults.Profiles,
        };
        if (configuration.PodMaxBackoff < configuration.PodInitialBackoff)
        {
            throw reader.Error("podMaxBackoffSeconds", "must be at least podInitialBackoffSeconds");
        }

        var duplicate = configuration.Profiles.GroupBy(profile => profile.SchedulerName).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw reader.Error("profiles", $"schedulerName \"{duplicate.Key}\" is used by more than one profile");
        }

        return configuration;
    }

    private static LeaderElectionConfiguration ReadLeaderElection(ConfigReader reader, JsonObject election)
    {
        reader.Only(election, "leaderElection", "leaderElect", "leaseDuration", "renewDeadline", "retryPeriod", "resourceLock", "resourceName", "resourceNamespace");
        var defaults = new LeaderElectionConfiguration();
        return new LeaderElectionConfiguration
        {
            LeaderElect = election["leaderElect"] is { } elect ? elect.GetValue<bool>() : defaults.LeaderElect,
            LeaseDuration = reader.Duration(election, "leaseDuration") ?? defaults.LeaseDuration,
            RenewDeadline = reader.Duration(election, "renewDeadline") ?? defaults.RenewDeadline,
            RetryPeriod = reader.Duration(election, "retryPeriod") ?? defaults.RetryPeriod,
            ResourceName = reader.String(election, "resourceName") ?? defaults.ResourceName,
            ResourceNamespace = reader.String(election, "resourceNamespace") ?? defaults.ResourceNamespace,
        };
    }

    private static SchedulerProfile ReadProfile(ConfigReader reader, JsonObject profile, string at)
    {
        reader.Only(profile, at, "schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig");
        var plugins = new Dictionary<string, PluginSet>(StringComparer.Ordinal);
        if (profile["plugins"] is JsonObject sets)
        {
            reader.Only(sets, $"{at}.plugins", [.. ExtensionPoints.All]);
            foreach (var (point, value) in sets)
            {
                plugins[point] = ReadPluginSet(reader, value as JsonObject ?? new JsonObject(), $"{at}.plugins.{point}");
            }
        }

        var config = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (profile["pluginConfig"] is JsonArray entries)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i] as JsonObject ?? throw reader.Error($"{at}.pluginConfig[{i}]", "must be an object");
                reader.Only(entry, $"{at}.pluginConfig[{i}]", "name", "args");
                var name = reader.String(entry, "name") ?? throw reader.Error($"{at}.pluginConfig[{i}].name", "is required");
                var args = entry["args"] as JsonObject ?? new JsonObject();
                args.Remove("apiVersion");
                args.Remove("kind");
                if (!config.TryAdd(name, JsonSerializer.SerializeToElement(args)))
                {
                    throw reader.Error($"{at}.pluginConfig[{i}].name", $"\"{name}\" appears more than once");
                }
            }
        }

        return new SchedulerProfile
        {
            SchedulerName = reader.String(profile, "schedulerName") ?? SchedulerProfile.DefaultSchedulerName,
            PercentageOfNodesToScore = reader.Int(profile, "percentageOfNodesToScore", 0, 100),
            Plugins = plugins,
            PluginConfig = config,
        };
    }

    private static PluginSet ReadPluginSet(ConfigReader reader, JsonObject set, string at)
    {
        reader.Only(set, at, "enabled", "disabled");
        var enabled = new List<PluginRef>();
        var disabled = new List<string>();
        foreach (var (list, target) in new[] { ("enabled", true), ("disabled", false) })
        {
            if (set[list] is not JsonArray items)
            {
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i] as JsonObject ?? throw reader.Error($"{at}.{list}[{i}]", "must be an object");
                reader.Only(item, $"{at}.{list}[{i}]", "name", "weight");
                var name = reader.String(item, "name") ?? throw reader.Error($"{at}.{list}[{i}].name", "is required");
                if (target)
                {
                    enabled.Add(new PluginRef(name, reader.Int(item, "weight", 0, 100) ?? 0));
                }
                else
                {
                    disabled.Add(name);
                }
            }
        }

        return new PluginSet(enabled, disabled);
    }

    /// <summary>Typed reads that name the offending field.</summary>
    private sealed class ConfigReader(string source)
    {
        public ArgumentException Error(string field, string message) => new($"{source}: {field}: {message}");

        public void Only(JsonObject value, string at, params string[] names)
        {
            foreach (var (name, _) in value)
            {
                if (!names.Contains(name))
                {
                    throw Error(at.Length == 0 ? name : $"{at}.{name}", "unknown field");
                }
            }
        }

        public string? String(JsonObject value, string name) => value[name] switch
        {
            null => null,
            JsonValue text when text.TryGetValue<string>(out var s) => s,
            _ => throw Error(name, "must be a string"),
        };

        public int? Int(JsonObject value, string name, int min, int max) => value[name] switch
        {
            null => null,
            JsonValue number when number.TryGetValue<long>(out var n) && n >= min && n <= max => (int)n,
            _ => throw Error(name, $"must be a whole number from {min} to {max}"),
        };

        /// <summary>A Go duration such as "15s" or "1m30s".</summary>
        public TimeSpan? Duration(JsonObject value, string name)
        {
            var text = String(value, name);
            if (text is null)
            {
                return null;
            }

            var total = TimeSpan.Zero;
            var rest = text.AsSpan();
            while (rest.Length > 0)
            {
                var digits = 0;
                while (digits < rest.Length && (char.IsDigit(rest[digits]) || rest[digits] == '.'))
                {
                    digits++;
                }

                var unitLength = 0;
                while (digits + unitLength < rest.Length && char.IsLetter(rest[digits + unitLength]))
                {
                    unitLength++;
                }

                if (digits == 0 || unitLength == 0 || !double.TryParse(rest[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
                {
                    throw Error(name, $"\"{text}\" is not a duration such as 15s or 1m30s");
                }

                total += rest.Slice(digits, unitLength) switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "h" => TimeSpan.FromHours(amount),
                    _ => throw Error(name, $"\"{text}\" is not a duration such as 15s or 1m30s"),
                };
                rest = rest[(digits + unitLength)..];
            }

            return total;
        }
    }
}
