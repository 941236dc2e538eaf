namespace Repro.Profiling;

/// <summary>One source of sampled values (a process tree, the GC, the machine, the GPUs).</summary>
/// <remarks>A probe that throws is reported once and switched off for the rest of the run.</remarks>
internal interface ISampleProbe
{
    /// <summary>A short name for messages, such as "gpu".</summary>
    string Name { get; }

    /// <summary>Reads the probe's values now and adds them to <paramref name="readings"/>.</summary>
    void Read(SampleReadings readings);
}
