using KubeSharp.Kubelet.Network;

namespace KubeSharp.Kubelet.Tests.Network;

public sealed class ResolvConfTests
{
    [Fact]
    public void Nameservers_accumulate_and_the_last_search_and_options_win()
    {
        const string Text =
            "# written by dhcp\n" +
            "nameserver 10.255.255.53\n" +
            "search old.example\n" +
            "options timeout:1\n" +
            "  nameserver \t 192.0.2.53  \n" +
            "search corp.example. lab.example\n" +
            "options ndots:2 edns0\n" +
            "domain ignored.example\n";

        var conf = ResolvConf.Parse(Text);

        Assert.Equal(["10.255.255.53", "192.0.2.53"], conf.Nameservers);
        Assert.Equal(["corp.example", "lab.example"], conf.Searches);
        Assert.Equal(["ndots:2", "edns0"], conf.Options);
    }

    [Fact]
    public void An_empty_file_has_nothing()
    {
        var conf = ResolvConf.Parse("\n# nothing\n");

        Assert.Empty(conf.Nameservers);
        Assert.Empty(conf.Searches);
        Assert.Empty(conf.Options);
    }

    [Fact]
    public void Windows_line_ends_are_tolerated()
    {
        Assert.Equal(["a.example"], ResolvConf.Parse("search a.example\r\nnameserver 1.1.1.1\r\n").Searches);
    }

    [Fact]
    public void A_nameserver_line_without_a_server_is_refused()
    {
        Assert.Throws<FormatException>(() => ResolvConf.Parse("nameserver\n"));
    }
}
