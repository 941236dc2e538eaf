using System.Diagnostics;

namespace Repro.Cli.Tests.Support;

/// <summary>Waits for a condition with a bounded poll (never a fixed sleep).</summary>
public static class RunPolling
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting until {what}.");
            }

            Thread.Sleep(50);
        }
    }
}
