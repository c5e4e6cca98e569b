using System.Net;
using KubeSharp.Dns.Records;

namespace KubeSharp.Dns.Tests.Records;

public sealed class AddressesTests
{
    [Theory]
    [InlineData("10.3.0.1", "1.0.3.10.in-addr.arpa")]
    [InlineData("2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void Reverse_names_are_those_of_the_specification(string address, string name)
    {
        Assert.Equal(name, Addresses.ReverseName(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.42.0.5", "10-42-0-5")]
    [InlineData("fd00:42::5", "fd00-42--5")]
    [InlineData("fd00:42::", "fd00-42--0")]
    public void Endpoints_without_a_hostname_are_named_by_their_address(string address, string name)
    {
        Assert.Equal(name, Addresses.DashedName(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10-42-0-5", "10.42.0.5")]
    [InlineData("0-0-0-0", "0.0.0.0")]
    [InlineData("fd00-42--5", "fd00:42::5")]
    [InlineData("fd00-42-0-0-0-0-0-5", "fd00:42::5")]
    public void Dashed_names_spell_addresses(string name, string address)
    {
        var bytes = new byte[16];

        var length = Addresses.TryParseDashed(name, bytes);

        Assert.Equal(IPAddress.Parse(address), new IPAddress(bytes.AsSpan(0, length)));
    }

    [Theory]
    [InlineData("10-42-0")]
    [InlineData("10-42-0-256")]
    [InlineData("10-42-00-5")]
    [InlineData("10-42-0-5-6")]
    [InlineData("10-42-0-x")]
    [InlineData("web-0")]
    [InlineData("")]
    [InlineData("fd00-42--5%eth0")]
    public void Anything_else_is_no_address(string name)
    {
        Assert.Equal(0, Addresses.TryParseDashed(name, new byte[16]));
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("fd00::1", true)]
    [InlineData("www.example.com", false)]
    [InlineData("123", false)]
    [InlineData("1.2.3", false)]
    public void External_names_that_are_addresses_are_recognised_as_go_would(string text, bool address)
    {
        Assert.Equal(address, Addresses.IsAddress(text));
    }
}
