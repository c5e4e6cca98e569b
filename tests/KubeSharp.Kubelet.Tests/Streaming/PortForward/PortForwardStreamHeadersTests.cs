using KubeSharp.Kubelet.Streaming.PortForward;

namespace KubeSharp.Kubelet.Tests.Streaming.PortForward;

public sealed class PortForwardStreamHeadersTests
{
    [Fact]
    public void Kubectls_headers_name_the_type_port_and_request()
    {
        var headers = new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "12" };

        Assert.True(PortForwardStreamHeaders.TryParse(headers, 27, out var parsed, out var problem));

        Assert.Equal(new PortForwardStreamHeaders(PortForwardStreamType.Data, 8080, "12"), parsed);
        Assert.Equal(string.Empty, problem);
    }

    [Fact]
    public void Header_names_in_another_case_count()
    {
        var headers = new Dictionary<string, string> { ["streamType"] = "error", ["Port"] = "80", ["requestID"] = "0" };

        Assert.True(PortForwardStreamHeaders.TryParse(headers, 1, out var parsed, out _));

        Assert.Equal(new PortForwardStreamHeaders(PortForwardStreamType.Error, 80, "0"), parsed);
    }

    [Fact]
    public void Without_request_ids_an_error_stream_and_the_data_stream_two_ids_later_make_one_request()
    {
        var error = new Dictionary<string, string> { ["streamtype"] = "error", ["port"] = "80" };
        var data = new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "80" };

        Assert.True(PortForwardStreamHeaders.TryParse(error, 5, out var first, out _));
        Assert.True(PortForwardStreamHeaders.TryParse(data, 7, out var second, out _));

        Assert.Equal("5", first.RequestId);
        Assert.Equal("5", second.RequestId);
    }

    [Theory]
    [InlineData(null, "data", "\"port\" header is required")]
    [InlineData("http", "data", "unable to parse \"http\" as a port: strconv.ParseUint: parsing \"http\": invalid syntax")]
    [InlineData("-1", "data", "unable to parse \"-1\" as a port: strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData("70000", "data", "unable to parse \"70000\" as a port: strconv.ParseUint: parsing \"70000\": value out of range")]
    [InlineData("0", "data", "port \"0\" must be > 0")]
    [InlineData("80", null, "\"streamType\" header is required")]
    [InlineData("80", "stdin", "invalid stream type \"stdin\"")]
    public void Bad_headers_are_refused_with_upstreams_words(string? port, string? type, string expected)
    {
        var headers = new Dictionary<string, string> { ["requestid"] = "1" };
        if (port is not null)
        {
            headers["port"] = port;
        }

        if (type is not null)
        {
            headers["streamtype"] = type;
        }

        Assert.False(PortForwardStreamHeaders.TryParse(headers, 1, out _, out var problem));

        Assert.Equal(expected, problem);
    }
}
