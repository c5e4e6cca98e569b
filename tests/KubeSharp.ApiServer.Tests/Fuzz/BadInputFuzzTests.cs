using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Fuzz;

/// <summary>
/// Thousands of random and mutated bodies against every write path (create, update, each patch
/// kind, status, scale): every request is answered, none with a 5xx, a refused request leaves the
/// store's revision where it was, and the server's memory stays bounded. Fixed seed in CI;
/// KUBESHARP_FUZZ_ITERATIONS runs it longer.
/// </summary>
public sealed class BadInputFuzzTests : IAsyncLifetime
{
    private const string Namespace = "fuzz";
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // No controllers or scheduler: their writes would move the revision this test watches.
        _server = await ServerProcess.StartAsync("--disable-controller-manager", "--disable-scheduler");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig);
        var handler = new HttpClientHandler
        {
            ClientCertificates =
            {
                X509Certificate2.CreateFromPem(
                    Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateData)),
                    Encoding.ASCII.GetString(Convert.FromBase64String(config.ClientCertificateKeyData))),
            },
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromSeconds(30) };
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", "application/json", Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{Namespace}\"}}}}"));
        foreach (var (path, body) in Seeds)
        {
            var response = await SendAsync(HttpMethod.Post, path, "application/json", Encoding.UTF8.GetBytes(body));
            Assert.True(response.Code == HttpStatusCode.Created, $"seed {path}: {response.Code} {response.Body}");
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static readonly (string Collection, string Body)[] Seeds =
    [
        ($"/api/v1/namespaces/{Namespace}/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\"}}"),
        ($"/apis/apps/v1/namespaces/{Namespace}/deployments", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"d\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"d\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80}],\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}}}}"),
        ($"/api/v1/namespaces/{Namespace}/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"selector\":{\"app\":\"d\"},\"ports\":[{\"port\":80,\"targetPort\":8080}]}}"),
        ($"/api/v1/namespaces/{Namespace}/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"command\":[\"sleep\",\"1\"]}]}}"),
    ];

    [Fact]
    public async Task Every_bad_request_is_answered_with_a_4xx_and_changes_nothing()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("KUBESHARP_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var random = new Random(20261129);
        var answered = new Dictionary<int, int>();
        for (var i = 0; i < iterations; i++)
        {
            var (method, path, contentType, body) = Mutate(random);
            var before = await RevisionAsync();
            var response = await SendAsync(method, path, contentType, body);
            answered[(int)response.Code] = answered.GetValueOrDefault((int)response.Code) + 1;

            Assert.True((int)response.Code < 500, $"request {i}: {method} {path} ({contentType}) answered {(int)response.Code}: {response.Body}");
            if ((int)response.Code >= 400)
            {
                Assert.True(await RevisionAsync() == before, $"request {i}: {method} {path} was refused ({(int)response.Code}) but the store changed");
                Assert.Contains("\"kind\":\"Status\"", response.Body, StringComparison.Ordinal);
            }
        }

        Assert.True(answered.Keys.Count(code => code >= 400) >= 3, $"too few kinds of refusal: {string.Join(", ", answered.Select(p => $"{p.Key}x{p.Value}"))}");
        Assert.True(_server.ResidentMegabytes() < 600, $"server RSS {_server.ResidentMegabytes():F0} MB after the fuzz run");
    }

    private (HttpMethod Method, string Path, string ContentType, byte[] Body) Mutate(Random random)
    {
        var (collection, seed) = Seeds[random.Next(Seeds.Length)];
        var name = collection.EndsWith("configmaps", StringComparison.Ordinal) ? "c" : collection.EndsWith("deployments", StringComparison.Ordinal) ? "d" : collection.EndsWith("services", StringComparison.Ordinal) ? "s" : "p";
        var item = $"{collection}/{name}";
        var (method, path, contentType) = random.Next(8) switch
        {
            0 => (HttpMethod.Post, collection, "application/json"),
            1 => (HttpMethod.Put, item, "application/json"),
            2 => (HttpMethod.Patch, item, "application/merge-patch+json"),
            3 => (HttpMethod.Patch, item, "application/strategic-merge-patch+json"),
            4 => (HttpMethod.Patch, item, "application/json-patch+json"),
            5 => (HttpMethod.Put, item + "/status", "application/json"),
            6 => (HttpMethod.Patch, name == "d" ? item + "/scale" : item + "/status", "application/merge-patch+json"),
            _ => (random.Next(2) == 0 ? HttpMethod.Post : HttpMethod.Put, random.Next(2) == 0 ? collection : item, RandomContentType(random)),
        };

        var body = Encoding.UTF8.GetBytes(seed);
        return (method, path, contentType, random.Next(10) switch
        {
            0 => Flip(body, random),
            1 => body[..random.Next(body.Length)],
            2 => Encoding.UTF8.GetBytes(new string('[', 5000 + random.Next(5000))),
            3 => Encoding.UTF8.GetBytes("{\"a\":[" + string.Join(",", Enumerable.Repeat("1", 100_000 + random.Next(200_000))) + "]}"),
            4 => ReplaceValue(seed, random),
            5 => Encoding.UTF8.GetBytes(seed.Replace("\"name\":\"", "\"name\":\"" + RandomText(random), StringComparison.Ordinal)),
            6 => [.. "k8s\0"u8, .. RandomBytes(random, random.Next(200))],
            7 => Encoding.UTF8.GetBytes(seed.Replace("\"kind\":\"", "\"kind\":\"X", StringComparison.Ordinal).Replace("\"v1\"", "\"v9\"", StringComparison.Ordinal)),
            8 => RandomBytes(random, random.Next(500)),
            _ => Encoding.UTF8.GetBytes("[{\"op\":\"" + RandomText(random) + "\",\"path\":\"/" + RandomText(random) + "\",\"value\":" + RandomJson(random, 0) + "}]"),
        });
    }

    private static string RandomContentType(Random random) => random.Next(6) switch
    {
        0 => "application/yaml",
        1 => "application/vnd.kubernetes.protobuf",
        2 => "text/plain",
        3 => "application/apply-patch+yaml",
        4 => string.Empty,
        _ => "application/json; charset=utf-8",
    };

    private static byte[] Flip(byte[] body, Random random)
    {
        var copy = (byte[])body.Clone();
        for (var i = 0; i < 1 + random.Next(8); i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static byte[] ReplaceValue(string seed, Random random)
    {
        using var document = JsonDocument.Parse(seed);
        var text = seed;
        var targets = new[] { "\"replicas\":2", "\"containerPort\":80", "\"port\":80", "\"image\":\"nginx\"", "\"k\":\"v\"", "\"a\":\"b\"", "\"name\":\"c\"", "\"command\":[\"sleep\",\"1\"]" };
        foreach (var target in targets)
        {
            if (text.Contains(target, StringComparison.Ordinal))
            {
                var key = target[..(target.IndexOf(':', StringComparison.Ordinal) + 1)];
                text = text.Replace(target, key + RandomJson(random, 0), StringComparison.Ordinal);
                break;
            }
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static string RandomJson(Random random, int depth) => (depth > 3 ? random.Next(4) : random.Next(7)) switch
    {
        0 => "null",
        1 => random.Next(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
        2 => JsonSerializer.Serialize(RandomText(random)),
        3 => random.Next(2) == 0 ? "true" : "1e999",
        4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        5 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => $"{JsonSerializer.Serialize(RandomText(random))}:{RandomJson(random, depth + 1)}")) + "}",
        _ => "-0.5",
    };

    private static string RandomText(Random random)
    {
        const string Alphabet = "abcXYZ019-_./ $:%\\\"\u00e9\u4e2d\n\t";
        return new string(Enumerable.Range(0, random.Next(1, 20)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task<string> RevisionAsync()
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{Namespace}/configmaps?limit=1", null, null);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
    }

    private async Task<(HttpStatusCode Code, string Body)> SendAsync(HttpMethod method, string path, string? contentType, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (!string.IsNullOrEmpty(contentType))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
