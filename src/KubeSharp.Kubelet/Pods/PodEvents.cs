using k8s.Models;
using KubeSharp.Client.Events;

namespace KubeSharp.Kubelet.Pods;

/// <summary>Records events about pods, from the kubelet of this node (null in tests of pure logic).</summary>
internal sealed class PodEvents(EventRecorder? recorder)
{
    public void Record(V1Pod pod, string type, string reason, string message) => recorder?.Event(pod, type, reason, message);
}
