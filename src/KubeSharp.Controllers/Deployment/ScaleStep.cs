using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// One ReplicaSet resize of a scaling event. Without an operation it is scaleReplicaSetAndRecordEvent
/// (nothing happens at the same size); with one ("up", "down", or empty when the total is right)
/// it is scaleReplicaSet, which also refreshes the replica annotations at the same size.
/// </summary>
internal sealed record ScaleStep(V1ReplicaSet Target, int Size, string? Operation);
