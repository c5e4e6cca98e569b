using KubeSharp.Bench;

// Macro benchmarks behind ./bench.sh NAME; each prints "figure: value unit" lines.
var benchmarks = new Dictionary<string, Func<string[], Task>>(StringComparer.Ordinal)
{
    ["store"] = StoreBenchmark.RunAsync,
    ["api"] = ApiBenchmark.RunAsync,
    ["scheduler"] = SchedulerBenchmark.RunAsync,
    ["controllers"] = ControllersBenchmark.RunAsync,
    ["podstartup"] = PodStartupBenchmark.RunAsync,
    ["streams"] = StreamsBenchmark.RunAsync,
    ["services"] = ServicesBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: bench.sh NAME [options]; NAME is one of: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}

await run(args[1..]);
return 0;
