using System.Text.Json;

namespace KubeSharp.Scheduler.Framework;

/// <summary>Builds a plugin for a profile from its args (the profile's pluginConfig entry, if any).</summary>
public delegate IPlugin PluginFactory(JsonElement? args, IFrameworkHandle handle);
