using KubeSharp.Kubelet.Logs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace KubeSharp.Kubelet.Tests.Logs;

public sealed class ContainerLogOptionsTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_empty_query_asks_for_the_whole_log_once()
    {
        var options = Parse();

        Assert.Equal(new ContainerLogOptions(), options);
    }

    [Fact]
    public void Every_parameter_is_read()
    {
        var options = Parse(("follow", "true"), ("previous", "1"), ("timestamps", "True"), ("tailLines", "10"), ("limitBytes", "500"), ("sinceSeconds", "60"));

        Assert.Equal(
            new ContainerLogOptions { Follow = true, Previous = true, Timestamps = true, TailLines = 10, LimitBytes = 500, Since = Now.AddMinutes(-1) },
            options);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("yes", true)]
    public void Flags_are_true_unless_empty_zero_or_false(string value, bool expected)
    {
        Assert.Equal(expected, Parse(("follow", value)).Follow);
    }

    [Fact]
    public void Since_time_is_an_RFC3339_time()
    {
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 11, 0, 0, TimeSpan.Zero), Parse(("sinceTime", "2024-05-01T11:00:00Z")).Since);
    }

    [Fact]
    public void The_old_tail_parameter_still_works()
    {
        Assert.Equal(5, Parse(("tail", "5")).TailLines);
        Assert.Null(Parse(("tail", "all"), ("tailLines", "3")).TailLines);
    }

    [Theory]
    [InlineData("tailLines", "ten")]
    [InlineData("limitBytes", "1.5")]
    [InlineData("sinceTime", "yesterday")]
    public void Values_that_do_not_decode_are_a_bad_request(string name, string value)
    {
        Assert.Equal(ContainerLogOptions.DecodeError, Refusal((name, value)));
    }

    [Fact]
    public void Invalid_values_are_refused_with_upstreams_validation_messages()
    {
        Assert.Equal("tailLines: Invalid value: -1: must be greater than or equal to 0", Refusal(("tailLines", "-1")));
        Assert.Equal("limitBytes: Invalid value: 0: must be greater than 0", Refusal(("limitBytes", "0")));
        Assert.Equal("sinceSeconds: Invalid value: 0: must be greater than 0", Refusal(("sinceSeconds", "0")));
        Assert.Equal(
            "sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified",
            Refusal(("sinceSeconds", "5"), ("sinceTime", "2024-05-01T11:00:00Z")));
    }

    private static ContainerLogOptions Parse(params (string Name, string Value)[] parameters)
    {
        Assert.True(ContainerLogOptions.TryParse(Query(parameters), Now, out var options, out var error), error);
        return options!;
    }

    private static string Refusal(params (string Name, string Value)[] parameters)
    {
        Assert.False(ContainerLogOptions.TryParse(Query(parameters), Now, out _, out var error));
        return error!;
    }

    private static QueryCollection Query((string Name, string Value)[] parameters) =>
        new(parameters.ToDictionary(p => p.Name, p => new StringValues(p.Value), StringComparer.OrdinalIgnoreCase));
}
