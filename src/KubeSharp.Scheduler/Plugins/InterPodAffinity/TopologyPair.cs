namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>A topology domain: a node label key and its value (e.g. zone=us-east-1a).</summary>
internal readonly record struct TopologyPair(string Key, string Value);
