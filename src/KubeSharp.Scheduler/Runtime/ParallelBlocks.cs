namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// Runs a per-node body over many nodes on the machine's cores: each worker takes a block of
/// consecutive indexes, so the cost of handing out work is paid per block rather than per node.
/// </summary>
internal static class ParallelBlocks
{
    public static void For(int count, int parallelism, Action<int> body)
    {
        var workers = Math.Max(1, Math.Min(parallelism, Environment.ProcessorCount));
        if (workers == 1 || count < 64)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        var blocks = workers * 4;
        var size = (count + blocks - 1) / blocks;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = workers }, block =>
        {
            var end = Math.Min(count, (block + 1) * size);
            for (var i = block * size; i < end; i++)
            {
                body(i);
            }
        });
    }
}
