using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>
/// Services on a real node: kube-proxy's nftables rules (ClusterIP, NodePort, LoadBalancer, session
/// affinity, traffic policies), the service load balancer's pool and the cluster DNS, reached from
/// pods, from the node and from a client namespace outside it.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServiceTests(NodeCluster cluster)
{
    [Fact]
    public async Task Two_echo_replicas_behind_a_cluster_ip_share_a_pods_requests()
    {
        await DeployEchoAsync("rr", replicas: 2);
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: rr}
            spec:
              selector: {app: rr}
              ports: [{port: 80, targetPort: http}]
            """);
        var clusterIp = await cluster.JsonPathAsync("service rr", "{.spec.clusterIP}");
        await WaitForEndpointsAsync("rr", 2);

        await cluster.ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: rr-client}
            spec:
              restartPolicy: Never
              containers:
              - name: client
                image: localhost/busybox:1.35
                command: [sh, -c, "for i in $(seq 100); do timeout 5 wget -qO- http://{{clusterIp}}/ | head -n 1; done"]
            """);
        await cluster.WaitForAsync("rr-client", "{.status.phase}", "Succeeded");
        var lines = (await cluster.Kubectl.OkAsync("logs rr-client")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pods = (await cluster.JsonPathAsync("pods -l app=rr", "{.items[*].metadata.name}")).Split(' ');

        Assert.Equal(100, lines.Length);
        foreach (var pod in pods)
        {
            var share = lines.Count(line => line == pod);
            Assert.InRange(share, 40, 60);
        }

        await cluster.Kubectl.OkAsync("delete pod rr-client --grace-period=1");
        await cluster.Kubectl.OkAsync("delete deployment rr");
        await cluster.Kubectl.OkAsync("delete service rr");
    }

    [Fact]
    public async Task Node_ports_answer_on_the_node_address_and_a_load_balancer_ip_answers_a_client_outside_the_node()
    {
        await DeployEchoAsync("lb", replicas: 1);
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: lb}
            spec:
              type: LoadBalancer
              selector: {app: lb}
              ports: [{name: web, port: 80, targetPort: 8080}]
            """);
        await WaitForEndpointsAsync("lb", 1);
        var ip = await WaitForLoadBalancerIpAsync("lb");
        var nodePort = await cluster.JsonPathAsync("service lb", "{.spec.ports[0].nodePort}");
        var pod = await cluster.JsonPathAsync("pods -l app=lb", "{.items[0].metadata.name}");
        Assert.StartsWith(NodeCluster.LoadBalancerPoolPrefix, ip, StringComparison.Ordinal);

        // kubectl shows what users look for: the external IP and both ports.
        var table = await cluster.Kubectl.OkAsync("get service lb");
        Assert.Contains(ip, table, StringComparison.Ordinal);
        Assert.Contains($"80:{nodePort}/TCP", table, StringComparison.Ordinal);
        Assert.Contains("LoadBalancer Ingress:", await cluster.Kubectl.OkAsync("describe service lb"), StringComparison.Ordinal);

        // The node port, from the node itself.
        Assert.StartsWith(pod + "\n", await GetAsync($"http://{LabNamespace.NodeIp}:{nodePort}/"), StringComparison.Ordinal);

        await using var client = await ClientNamespace.CreateAsync(LabNamespace.NodeIp + "/32", NodeCluster.LoadBalancerPool);

        // externalTrafficPolicy Cluster: the answer comes back, the source is masqueraded to the node.
        var viaCluster = await client.GetAsync($"http://{ip}/cluster");
        Assert.StartsWith($"{pod}\n/cluster\n", viaCluster, StringComparison.Ordinal);
        Assert.DoesNotContain("client=" + ClientNamespace.Address + ":", viaCluster, StringComparison.Ordinal);
        Assert.StartsWith($"{pod}\n/node-port\n", await client.GetAsync($"http://{LabNamespace.NodeIp}:{nodePort}/node-port"), StringComparison.Ordinal);

        // externalTrafficPolicy Local: only local endpoints, and the pod sees the client's own address.
        await cluster.Kubectl.OkAsync("""patch service lb -p {"spec":{"externalTrafficPolicy":"Local"}}""");
        await Wait.UntilAsync(
            async () => (await TryGetAsync(client, $"http://{ip}/local"))?.Contains("client=" + ClientNamespace.Address + ":", StringComparison.Ordinal) == true,
            NodeCluster.Patience,
            "the load-balancer IP preserves the client's address with externalTrafficPolicy Local");

        // Its health-check node port tells outside load balancers that this node has a local endpoint.
        var healthCheckPort = await cluster.JsonPathAsync("service lb", "{.spec.healthCheckNodePort}");
        var health = await GetAsync($"http://{LabNamespace.NodeIp}:{healthCheckPort}/");
        Assert.Contains("\"localEndpoints\":1,", string.Concat(health.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);

        // The service proxy of the API server reaches it too.
        var proxied = await cluster.Kubectl.OkAsync("get --raw /api/v1/namespaces/default/services/lb:web/proxy/through-api");
        Assert.StartsWith($"{pod}\n/through-api\n", proxied, StringComparison.Ordinal);

        await cluster.Kubectl.OkAsync("delete service lb");
        await cluster.Kubectl.OkAsync("delete deployment lb");
    }

    [Fact]
    public async Task Pods_resolve_services_and_headless_pods_by_name()
    {
        await DeployEchoAsync("named", replicas: 2);
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: named}
            spec:
              selector: {app: named}
              ports: [{name: http, port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: named-headless}
            spec:
              clusterIP: None
              selector: {app: named}
              ports: [{name: http, port: 8080}]
            """);
        await WaitForEndpointsAsync("named", 2);
        await WaitForEndpointsAsync("named-headless", 2);
        var clusterIp = await cluster.JsonPathAsync("service named", "{.spec.clusterIP}");
        var podIps = (await cluster.JsonPathAsync("pods -l app=named", "{.items[*].status.podIP}")).Split(' ');

        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: resolver}
            spec:
              restartPolicy: Never
              containers:
              - name: client
                image: localhost/busybox:1.35
                command:
                - sh
                - -c
                - |
                  echo "== full"; nslookup -type=a named.default.svc.cluster.local
                  echo "== headless"; nslookup -type=a named-headless.default.svc.cluster.local
                  echo "== srv"; nslookup -type=srv _http._tcp.named.default.svc.cluster.local
                  echo "== missing"; nslookup -type=a missing.default.svc.cluster.local || echo NXDOMAIN-OK
                  echo "== namespaced"; timeout 5 wget -qO- http://named.default/namespaced | head -n 2
                  echo "== short"; timeout 5 wget -qO- http://named/short | head -n 2
            """);
        await cluster.WaitForAsync("resolver", "{.status.phase}", "Succeeded");
        var output = await cluster.Kubectl.OkAsync("logs resolver");
        var sections = output.Split("== ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(s => s[..s.IndexOf('\n', StringComparison.Ordinal)], s => s);

        // nslookup asks for the full names; wget goes through the C library's resolver, which walks
        // the pod's search path (ndots:5) for the shorter ones.
        Assert.True(sections["full"].Contains("Address: " + clusterIp, StringComparison.Ordinal), output);
        foreach (var podIp in podIps)
        {
            Assert.True(sections["headless"].Contains("Address: " + podIp, StringComparison.Ordinal), output);
        }

        Assert.True(sections["srv"].Contains(" 80 named.default.svc.cluster.local", StringComparison.Ordinal), output);
        Assert.True(sections["missing"].Contains("NXDOMAIN", StringComparison.Ordinal) && sections["missing"].Contains("NXDOMAIN-OK", StringComparison.Ordinal), output);
        Assert.True(sections["namespaced"].Contains("/namespaced", StringComparison.Ordinal), output);
        Assert.True(sections["short"].Contains("/short", StringComparison.Ordinal), output);

        await cluster.Kubectl.OkAsync("delete pod resolver --grace-period=1");
        await cluster.Kubectl.OkAsync("delete service named named-headless");
        await cluster.Kubectl.OkAsync("delete deployment named");
    }

    [Fact]
    public async Task A_service_scaled_to_zero_refuses_connections_at_once()
    {
        await DeployEchoAsync("zero", replicas: 1);
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: zero}
            spec:
              selector: {app: zero}
              ports: [{port: 80, targetPort: 8080}]
            """);
        await WaitForEndpointsAsync("zero", 1);
        var clusterIp = await cluster.JsonPathAsync("service zero", "{.spec.clusterIP}");
        await WaitForAnswerAsync($"http://{clusterIp}/");

        await cluster.Kubectl.OkAsync("scale deployment zero --replicas=0");
        await WaitForEndpointsAsync("zero", 0);

        // Rejected (connection refused), not dropped: a dropped SYN would run into the 20 s timeout.
        await Wait.UntilAsync(
            async () => await ConnectErrorAsync(clusterIp, 80) == SocketError.ConnectionRefused,
            NodeCluster.Patience,
            "connecting to a service without endpoints is refused");

        await cluster.Kubectl.OkAsync("delete service zero");
        await cluster.Kubectl.OkAsync("delete deployment zero");
    }

    [Fact]
    public async Task A_pod_turned_not_ready_stops_receiving_traffic_within_a_second()
    {
        // A sidecar's readiness gates the pod; removing its file makes the pod not ready.
        await cluster.ApplyAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: gate}
            spec:
              replicas: 2
              selector: {matchLabels: {app: gate}}
              template:
                metadata: {labels: {app: gate}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: echo
                    image: localhost/echo:1.0
                  - name: gate
                    image: localhost/busybox:1.35
                    command: [sh, -c, "touch /tmp/ready; exec sleep 3600"]
                    readinessProbe: {exec: {command: [test, -f, /tmp/ready]}, periodSeconds: 1, failureThreshold: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: gate}
            spec:
              selector: {app: gate}
              ports: [{port: 80, targetPort: 8080}]
            """);
        await WaitForEndpointsAsync("gate", 2);
        var clusterIp = await cluster.JsonPathAsync("service gate", "{.spec.clusterIP}");
        await WaitForAnswerAsync($"http://{clusterIp}/");
        var pods = (await cluster.JsonPathAsync("pods -l app=gate", "{.items[*].metadata.name}")).Split(' ');
        var (kept, turned) = (pods[0], pods[1]);

        await cluster.Kubectl.OkAsync($"exec {turned} -c gate -- rm /tmp/ready");
        await cluster.WaitForAsync(turned, "{.status.conditions[?(@.type==\"Ready\")].status}", "False");
        var notReady = Stopwatch.StartNew();

        // From the moment the API shows it not ready, ten answers in a row must come from the other pod within 1 s.
        var inARow = 0;
        while (inARow < 10)
        {
            var answer = await GetAsync($"http://{clusterIp}/");
            inARow = answer.StartsWith(kept + "\n", StringComparison.Ordinal) ? inARow + 1 : 0;
            Assert.True(notReady.Elapsed < TimeSpan.FromSeconds(1), $"{turned} still received traffic {notReady.ElapsedMilliseconds} ms after it turned not ready");
        }

        // kube-proxy's metrics show its syncs and the programming latency of endpoint changes.
        var metrics = await GetAsync("http://127.0.0.1:10249/metrics");
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_count", metrics, StringComparison.Ordinal);

        await cluster.Kubectl.OkAsync("delete service gate");
        await cluster.Kubectl.OkAsync("delete deployment gate");
    }

    [Fact]
    public async Task Session_affinity_pins_a_client_to_one_pod()
    {
        await DeployEchoAsync("sticky", replicas: 2);
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: sticky}
            spec:
              selector: {app: sticky}
              sessionAffinity: ClientIP
              ports: [{port: 80, targetPort: 8080}]
            """);
        await WaitForEndpointsAsync("sticky", 2);
        var clusterIp = await cluster.JsonPathAsync("service sticky", "{.spec.clusterIP}");
        await WaitForAnswerAsync($"http://{clusterIp}/");

        var answers = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add((await GetAsync($"http://{clusterIp}/")).Split('\n')[0]);
        }

        Assert.Single(answers);

        // Without affinity the same client is spread over both.
        await cluster.Kubectl.OkAsync("""patch service sticky -p {"spec":{"sessionAffinity":"None"}}""");
        await Wait.UntilAsync(
            async () =>
            {
                answers.Add((await GetAsync($"http://{clusterIp}/")).Split('\n')[0]);
                return answers.Count == 2;
            },
            NodeCluster.Patience,
            "both pods answer once affinity is off");

        await cluster.Kubectl.OkAsync("delete service sticky");
        await cluster.Kubectl.OkAsync("delete deployment sticky");
    }

    private async Task DeployEchoAsync(string name, int replicas)
    {
        await cluster.ApplyAsync($$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{{name}}}}
            spec:
              replicas: {{{replicas}}}
              selector: {matchLabels: {app: {{{name}}}}}
              template:
                metadata: {labels: {app: {{{name}}}}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: echo
                    image: localhost/echo:1.0
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
            """);
        await cluster.Kubectl.OkAsync($"rollout status deployment/{name} --timeout=90s");
    }

    private Task WaitForEndpointsAsync(string service, int ready) => Wait.UntilAsync(
        async () =>
        {
            var conditions = await cluster.JsonPathAsync(
                "endpointslices -l kubernetes.io/service-name=" + service, "{.items[*].endpoints[*].conditions.ready}");
            return conditions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(c => c == "true") == ready;
        },
        NodeCluster.Patience,
        $"{ready} ready endpoints for service {service}");

    private async Task<string> WaitForLoadBalancerIpAsync(string service)
    {
        var ip = string.Empty;
        await Wait.UntilAsync(
            async () => (ip = await cluster.JsonPathAsync("service " + service, "{.status.loadBalancer.ingress[0].ip}")).Length > 0,
            NodeCluster.Patience,
            $"a load-balancer IP for service {service}");
        return ip;
    }

    /// <summary>Waits until the Service's rules are in place: the endpoints are ready before kube-proxy has synced.</summary>
    private static Task WaitForAnswerAsync(string url) => Wait.UntilAsync(
        async () =>
        {
            try
            {
                await GetAsync(url);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        },
        NodeCluster.Patience,
        url + " to answer");

    /// <summary>One GET on a new connection from the node (the test runs in the node's network namespace).</summary>
    private static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        using var response = await http.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }

    private static async Task<string?> TryGetAsync(ClientNamespace client, string url)
    {
        try
        {
            return await client.GetAsync(url);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<SocketError> ConnectErrorAsync(string ip, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(ip), port, timeout.Token);
            return SocketError.Success;
        }
        catch (SocketException error)
        {
            return error.SocketErrorCode;
        }
        catch (OperationCanceledException)
        {
            return SocketError.TimedOut;
        }
    }
}
