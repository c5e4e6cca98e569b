using KubeSharp.Scheduler.Plugins.Helper;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's TestBrokenLinearFunction.</summary>
public sealed class BrokenLinearFunctionTests
{
    private static readonly long[] FlatProbes = [-10, 0, 20, 40, 70, 100, 110];

    [Theory]
    [InlineData(-10, 1)]
    [InlineData(0, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 1)]
    [InlineData(15, 1)]
    [InlineData(19, 1)]
    [InlineData(20, 2)]
    [InlineData(89, 8)]
    [InlineData(90, 9)]
    [InlineData(99, 9)]
    [InlineData(100, 9)]
    [InlineData(110, 9)]
    public void Rising_Shape(int utilization, int expected)
    {
        var function = BrokenLinearFunction.Build([new FunctionShapePoint(10, 1), new FunctionShapePoint(90, 9)]);

        Assert.Equal(expected, function(utilization));
    }

    [Theory]
    [InlineData(-10, 2)]
    [InlineData(0, 2)]
    [InlineData(20, 6)]
    [InlineData(30, 8)]
    [InlineData(40, 10)]
    [InlineData(70, 5)]
    [InlineData(100, 0)]
    [InlineData(110, 0)]
    public void Rising_Then_Falling_Shape(int utilization, int expected)
    {
        var function = BrokenLinearFunction.Build([new FunctionShapePoint(0, 2), new FunctionShapePoint(40, 10), new FunctionShapePoint(100, 0)]);

        Assert.Equal(expected, function(utilization));
    }

    [Fact]
    public void A_Flat_Shape_Is_Constant()
    {
        var function = BrokenLinearFunction.Build([new FunctionShapePoint(0, 2), new FunctionShapePoint(40, 2), new FunctionShapePoint(100, 2)]);

        Assert.All(FlatProbes, utilization => Assert.Equal(2, function(utilization)));
    }

    [Fact]
    public void An_Empty_Shape_Is_Rejected()
    {
        Assert.Throws<ArgumentException>(() => BrokenLinearFunction.Build([]));
    }
}
