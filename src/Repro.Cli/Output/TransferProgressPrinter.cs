using System.Globalization;
using Repro.Artifacts.Remotes;
using Repro.Cli.Commands;

namespace Repro.Cli;

/// <summary>
/// Shows a push or pull's progress on stderr: one line rewritten in place on a terminal (at most ten times a
/// second), otherwise a plain line at most once a second, so logs stay short. Called from several threads.
/// </summary>
internal sealed class TransferProgressPrinter(TextWriter error, bool terminal, string verb, TimeProvider time)
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long? _lastShown;
    private bool _lineOpen;

    public void Report(TransferProgress progress)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_lastShown is { } last && time.GetElapsedTime(last, now) < (terminal ? TerminalInterval : PlainInterval))
            {
                return;
            }

            _lastShown = now;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{verb}: {progress.ObjectsDone}/{progress.ObjectsTotal} objects, {ArtifactsCommand.Bytes(progress.BytesDone)} of {ArtifactsCommand.Bytes(progress.BytesTotal)}");
            if (terminal)
            {
                error.Write($"\r{text}\u001b[K");
                _lineOpen = true;
            }
            else
            {
                error.WriteLine(text);
            }
        }
    }

    /// <summary>Ends the rewritten line, so what follows starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_lineOpen)
            {
                error.WriteLine();
                _lineOpen = false;
            }
        }
    }
}
