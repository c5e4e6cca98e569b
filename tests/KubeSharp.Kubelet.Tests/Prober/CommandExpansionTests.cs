using k8s.Models;
using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

public sealed class CommandExpansionTests
{
    [Theory]
    [InlineData("cat $(FILE)", "cat /tmp/healthy")]
    [InlineData("$(FILE)$(FILE)", "/tmp/healthy/tmp/healthy")]
    [InlineData("echo $$(FILE)", "echo $(FILE)")]
    [InlineData("echo $(MISSING)", "echo $(MISSING)")]
    [InlineData("echo $(FROM_SECRET)", "echo ")]
    [InlineData("echo $(FILE", "echo $(FILE")]
    [InlineData("cost $5 and $", "cost $5 and $")]
    [InlineData("no references", "no references")]
    public void References_expand_from_the_containers_static_env(string input, string expected)
    {
        List<V1EnvVar> env =
        [
            new V1EnvVar { Name = "FILE", Value = "/tmp/healthy" },
            new V1EnvVar { Name = "FROM_SECRET", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "s", Key = "k" } } },
        ];

        var expanded = CommandExpansion.ExpandStatic(["sh", input], env);

        Assert.Equal(["sh", expected], expanded);
    }

    [Fact]
    public void A_container_without_env_keeps_its_command()
    {
        Assert.Equal(["cat", "$(FILE)"], CommandExpansion.ExpandStatic(["cat", "$(FILE)"], null));
    }
}
