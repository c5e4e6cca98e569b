using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>A node where the pod fits once these pods are gone; victims are ordered most important first.</summary>
internal sealed record Candidate(string NodeName, IReadOnlyList<PodInfo> Victims);
