using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// The kubelet's HTTPS server (upstream's pkg/kubelet/server), which the API server calls for logs,
/// exec, attach, port-forward and stats: Kestrel with the node's self-signed serving certificate,
/// client certificates of the cluster CA required (client-auth usage), each request authorized, and
/// no size limits or minimum data rates, since streams last as long as their users want.
/// </summary>
internal sealed partial class KubeletServer : IAsyncDisposable
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WebSocketKeepAlive = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stopping;
    private readonly KubeletRouter _router;

    private KubeletServer(WebApplication app, X509Certificate2 certificate, CancellationTokenSource stopping, KubeletRouter router, int port)
    {
        _app = app;
        _router = router;
        _certificate = certificate;
        _stopping = stopping;
        Port = port;
    }

    /// <summary>The port the server listens on (the one chosen when the options asked for 0).</summary>
    public int Port { get; }

    public static async Task<KubeletServer> StartAsync(
        KubeletServerOptions options,
        IPodStreamingSource source,
        ContainerLogsHandler logs,
        RemoteCommandHandler commands,
        PortForwardHandler portForward,
        StatsProvider stats,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("kubelet.server");
        var certificate = ServingCertificate.LoadOrCreate(options.CertificateDirectory, options.NodeName, options.Addresses, TimeProvider.System);
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MinResponseDataRate = null;
                kestrel.Listen(options.BindAddress, options.Port, listen =>
                {
                    // HTTP/1.1 only: SPDY streams need an Upgrade, which HTTP/2 does not have.
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.CheckCertificateRevocation = false;
                        https.ClientCertificateValidation = (client, _, _) => IsTrustedClient(client, options.ClientCertificateAuthorities);
                    });
                });
            });

            app = builder.Build();
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = WebSocketKeepAlive });
            var router = new KubeletRouter(source, logs, commands, portForward, stats, options.NodeName, stopping.Token, logger);
            app.Run(router.HandleAsync);
            await app.StartAsync(cancellationToken);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = BindingAddress.Parse(address).Port;
            LogListening(logger, options.BindAddress.ToString(), port);
            return new KubeletServer(app, certificate, stopping, router, port);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            stopping.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>True when the certificate chains to one of the authorities and may be used for client auth.</summary>
    internal static bool IsTrustedClient(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        return chain.Build(certificate);
    }

    /// <summary>Serves a request of the API server in this process (see <see cref="KubeletRouter.HandleInProcessAsync"/>).</summary>
    public Task HandleInProcessAsync(HttpContext context, CancellationToken cancellationToken) => _router.HandleInProcessAsync(context, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Streams first (logs -f, exec, port-forward): Kestrel would otherwise wait for them until its shutdown timeout.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        _certificate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "kubelet server listening on {Address}:{Port}")]
    private static partial void LogListening(ILogger logger, string address, int port);
}
