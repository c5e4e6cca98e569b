using System.Net;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Proxy;

namespace KubeSharp.ApiServer.Tests.Proxy;

public sealed class ProxyRequestTests
{
    [Theory]
    [InlineData("/api/v1/namespaces/ns/pods/web/proxy", "pods", "ns", "", "web", "", "/api/v1/namespaces/ns/pods/web/proxy", "")]
    [InlineData("/api/v1/namespaces/ns/pods/web:8080/proxy/a/b/", "pods", "ns", "", "web", "8080", "/api/v1/namespaces/ns/pods/web:8080/proxy", "/a/b/")]
    [InlineData("/api/v1/namespaces/ns/services/https:web:/proxy/", "services", "ns", "https", "web", "", "/api/v1/namespaces/ns/services/https:web:/proxy", "/")]
    [InlineData("/api/v1/namespaces/ns/services/web:http/proxy/x%20y%2Fz", "services", "ns", "", "web", "http", "/api/v1/namespaces/ns/services/web:http/proxy", "/x%20y%2Fz")]
    [InlineData("/api/v1/namespaces/ns/services/http:web%3A80/proxy/", "services", "ns", "http", "web", "80", "/api/v1/namespaces/ns/services/http:web%3A80/proxy", "/")]
    [InlineData("/api/v1/nodes/n1:10255/proxy/metrics", "nodes", null, "", "n1", "10255", "/api/v1/nodes/n1:10255/proxy", "/metrics")]
    public void Proxy_paths_are_taken_apart_keeping_the_clients_escapes(
        string path, string resource, string? @namespace, string scheme, string name, string port, string prefix, string subPath)
    {
        var request = ProxyRequest.Parse(path)!;

        Assert.Equal((resource, @namespace, scheme, name, port, prefix, subPath), (request.Resource, request.Namespace, request.Scheme, request.Name, request.Port, request.Prefix, request.SubPath));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/ns/pods/web")]
    [InlineData("/api/v1/namespaces/ns/pods/web/log")]
    [InlineData("/api/v1/namespaces/ns/pods/web/proxying")]
    [InlineData("/api/v1/namespaces/ns/configmaps/c/proxy")]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments/d/proxy")]
    [InlineData("/api/v1/nodes/n1")]
    public void Other_paths_are_not_proxy_requests(string path)
    {
        Assert.Null(ProxyRequest.Parse(path));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/ns/pods/ftp:web:80/proxy", "invalid pod request \"ftp:web:80\"")]
    [InlineData("/api/v1/namespaces/ns/services/a:b:c:d/proxy/", "invalid service request \"a:b:c:d\"")]
    [InlineData("/api/v1/nodes/:10250/proxy", "invalid node request \":10250\"")]
    public void Malformed_ids_are_bad_requests(string path, string message)
    {
        var error = Assert.Throws<ApiException>(() => ProxyRequest.Parse(path));

        Assert.Equal((HttpStatusCode.BadRequest, message), (error.Code, error.Message));
    }
}
