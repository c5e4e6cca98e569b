using System.Net;
using System.Security.Cryptography;
using KubeSharp.ApiServer.Auth;
using KubeSharp.ApiServer.Discovery;
using KubeSharp.ApiServer.Handlers;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Kubelet;
using KubeSharp.ApiServer.Metrics;
using KubeSharp.ApiServer.Pki;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Storage;
using KubeSharp.ApiServer.Watch;
using KubeSharp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer;

/// <summary>
/// The API server: HTTPS with the cluster's certificates, one watch cache per resource over the
/// store, the built-in resources and the bootstrap objects, and the admin kubeconfig.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    /// <summary>The user the API server is to the kubelets (they accept no other).</summary>
    public const string KubeletClientUser = "kube-apiserver-kubelet-client";

    /// <summary>As the kubelet's own server: WebSocket streams of an in-process kubelet are pinged this often.</summary>
    private static readonly TimeSpan LocalKubeletWebSocketKeepAlive = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly List<ResourceCache> _caches;
    private readonly EventReaper _events;
    private readonly ClusterCertificates _certificates;
    private readonly TimeProvider _time;
    private readonly KubeletConnector _kubelets;
    private readonly ResourceProxy _proxies;

    private ApiServerHost(
        WebApplication app, List<ResourceCache> caches, EventReaper events, ClusterCertificates certificates, KubeletConnector kubelets, ResourceProxy proxies,
        TimeProvider time, Uri url, string kubeconfigPath, LocalKubelets localKubelets)
    {
        LocalKubelets = localKubelets;
        _kubelets = kubelets;
        _proxies = proxies;
        _certificates = certificates;
        _time = time;
        _app = app;
        _caches = caches;
        _events = events;
        Url = url;
        KubeconfigPath = kubeconfigPath;
    }

    public Uri Url { get; }

    public string KubeconfigPath { get; }

    /// <summary>Where a kubelet of this process registers, so that its pods' streams are served without a trip over HTTPS.</summary>
    public LocalKubelets LocalKubelets { get; }

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, IStorageBackend store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var serverDirectory = Path.Combine(options.DataDirectory, "server");
        var addresses = new List<IPAddress> { IPAddress.Loopback, ServiceNetwork.FirstAddress(options.ServiceCidr) };
        if (!options.BindAddress.Equals(IPAddress.Any) && !addresses.Contains(options.BindAddress))
        {
            addresses.Add(options.BindAddress);
        }

        var names = new List<string> { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", Dns.GetHostName() };
        var certificates = ClusterCertificates.LoadOrCreate(Path.Combine(serverDirectory, "tls"), names, addresses, time);
        var token = options.Token ?? LoadOrCreateToken(Path.Combine(serverDirectory, "token"));

        var registry = new ResourceRegistry(BuiltInResources.Create());
        var caches = registry.All.GroupBy(r => r.StoragePrefix)
            .Select(g => new ResourceCache(g.First(), store, time, loggers.CreateLogger<ResourceCache>()))
            .ToList();
        foreach (var cache in caches)
        {
            cache.Start();
        }

        var objects = new ObjectStore(store);
        var allocator = new ServiceAllocator(options.ServiceCidr, options.ServiceNodePortRange, time);
        allocator.Attach(caches.Single(c => c.Resource.Api is { Group: "", Plural: "services" }));
        await Bootstrap.EnsureAsync(registry, objects, allocator, time, cancellationToken);
        await Task.WhenAll(caches.Select(c => c.Ready)).WaitAsync(cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, TlsRecordMemoryPoolFactory>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1;
            kestrel.Listen(options.BindAddress, options.Port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = certificates.Serving;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;

                // Trust is decided per request against the cluster CA (the Authenticator), not by the TLS stack.
                https.AllowAnyClientCertificate();
            }));
        });

        var app = builder.Build();
        var localKubelets = new LocalKubelets();
        var kubelets = new KubeletConnector(
            certificates.IssueClient(KubeletClientUser, "system:masters", time), localKubelets, loggers.CreateLogger<KubeletConnector>());
        var context = new ApiContext(registry, objects, caches.ToDictionary(c => c.Resource.StoragePrefix), allocator, kubelets, time, options.MaxBodyBytes);
        var nodesCache = context.Cache(registry.Get(string.Empty, "nodes"));
        var podsCache = context.Cache(registry.Get(string.Empty, "pods"));
        var metricsApi = new MetricsApi(nodesCache, podsCache, kubelets, time, loggers.CreateLogger<MetricsApi>());
        var proxies = new ResourceProxy(
            new ProxyTargets(
                podsCache,
                context.Cache(registry.Get(string.Empty, "services")),
                context.Cache(registry.Get("discovery.k8s.io", "endpointslices")),
                context.Cache(registry.Get(string.Empty, "endpoints")),
                nodesCache),
            kubelets,
            loggers.CreateLogger<ResourceProxy>());
        var dispatcher = new ApiDispatcher(
            context,
            new Authenticator(certificates, new Dictionary<string, UserInfo> { [token] = new("system:admin", ["system:masters", "system:authenticated"]) }, time),
            new DiscoveryDocuments(registry, $"{(options.BindAddress.Equals(IPAddress.Any) ? "127.0.0.1" : options.BindAddress.ToString())}:{options.Port}"),
            new OpenApi.OpenApiDocuments(registry),
            new ApiMetrics(),
            metricsApi,
            proxies,
            loggers.CreateLogger<ApiDispatcher>());
        // A kubelet of this process serves its WebSocket streams (exec, attach, port-forward) on our requests.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = LocalKubeletWebSocketKeepAlive });
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(cancellationToken);

        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        await Bootstrap.ReconcileEndpointsAsync(registry, objects, options.BindAddress, port, time, cancellationToken);
        var host = options.BindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback : options.BindAddress;
        var url = new Uri($"https://{host}:{port}");
        Kubeconfig.Write(options.EffectiveKubeconfigPath, Kubeconfig.Render(
            url.ToString().TrimEnd('/'), certificates.Authority.ExportCertificatePem(), certificates.Admin.ExportCertificatePem(), CertificateFiles.KeyPem(certificates.Admin)));
        var events = new EventReaper([.. caches.Where(c => c.Resource.Api.Plural == "events")], objects, options.EventTtl, time, loggers.CreateLogger<EventReaper>());
        return new ApiServerHost(app, caches, events, certificates, kubelets, proxies, time, url, options.EffectiveKubeconfigPath, localKubelets);
    }

    /// <summary>
    /// A kubeconfig for a component of this process (controller manager, scheduler...): its own
    /// client certificate, so it reaches the API over HTTPS as any other client does.
    /// </summary>
    public string ComponentKubeconfig(string user, string? group)
    {
        using var certificate = _certificates.IssueClient(user, group, _time);
        return Kubeconfig.Render(Url.ToString().TrimEnd('/'), _certificates.Authority.ExportCertificatePem(), certificate.ExportCertificatePem(), CertificateFiles.KeyPem(certificate), user);
    }

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();

        // Caches first: that ends every open watch stream, so Kestrel has no long request to wait for.
        foreach (var cache in _caches)
        {
            await cache.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _kubelets.Dispose();
        _proxies.Dispose();
    }

    private static string LoadOrCreateToken(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }
}
