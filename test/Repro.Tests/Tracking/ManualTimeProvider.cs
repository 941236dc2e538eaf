namespace Repro.Tests.Tracking;

/// <summary>
/// A wall clock the test sets. Only <see cref="GetUtcNow"/> is faked: timestamps and heartbeats come from it,
/// while the metric writer's flush interval keeps running on the real monotonic clock, which it waits on.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public static DateTimeOffset DefaultStart { get; } = new(2024, 3, 1, 12, 30, 45, TimeSpan.Zero);

    public ManualTimeProvider() : this(DefaultStart) { }

    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
