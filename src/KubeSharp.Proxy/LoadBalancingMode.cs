namespace KubeSharp.Proxy;

/// <summary>How a Service's connections are spread over its endpoints.</summary>
public enum LoadBalancingMode
{
    /// <summary>Each new connection goes to the next endpoint in turn.</summary>
    RoundRobin,

    /// <summary>Each new connection goes to an endpoint chosen at random (upstream's behaviour).</summary>
    Random,
}
