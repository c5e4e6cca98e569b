namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>The protocol names and headers of port-forwarding, as upstream spells them.</summary>
internal static class PortForwardProtocols
{
    /// <summary>The SPDY stream protocol of port-forwarding (X-Stream-Protocol-Version), upstream's only one.</summary>
    public const string PortForward = "portforward.k8s.io";

    /// <summary>The Upgrade token of a SPDY connection.</summary>
    public const string Spdy = "SPDY/3.1";

    /// <summary>kubectl 1.30+ offers SPDY carried in WebSocket messages as the WebSocket subprotocol <c>SPDY/3.1+portforward.k8s.io</c>.</summary>
    public const string TunnelPrefix = "SPDY/3.1+";

    /// <summary>Only tunnelled protocols of Kubernetes' own count (upstream's KubernetesSuffix).</summary>
    public const string KubernetesSuffix = "k8s.io";

    /// <summary>The WebSocket channel protocol: each binary message starts with its channel's number.</summary>
    public const string ChannelV4 = "v4.channel.k8s.io";

    /// <summary>The same in text messages: the channel as a digit, then the data in base64.</summary>
    public const string Base64ChannelV4 = "v4.base64.channel.k8s.io";

    public const string StreamProtocolHeader = "X-Stream-Protocol-Version";

    public const string AcceptedProtocolsHeader = "X-Accepted-Stream-Protocol-Versions";
}
