using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Repro.Artifacts.Remotes;

namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>
/// A real S3-compatible server (s3rver, from npm) on 127.0.0.1 and a free port, with a data folder of its
/// own and one bucket, for the whole test collection; stopped and deleted on dispose. Every wait is bounded.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Bucket = "repro-test";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _dataFolder;

    public S3rverServer()
    {
        var folder = typeof(S3rverServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "S3rverFolder").Value!;
        var script = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed: run 'npm ci' in {folder} (.ci/run does).");
        }

        _dataFolder = Directory.CreateTempSubdirectory("repro-s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, "--directory", _dataFolder, "--address", "127.0.0.1", "--port", "0", "--silent", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stderr = _process.StandardError.ReadToEndAsync();
        int? port;
        try
        {
            port = ReadPortAsync().WaitAsync(StartLimit).GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }

        if (port is null)
        {
            Dispose();
            throw new InvalidOperationException($"s3rver exited before listening: {stderr.GetAwaiter().GetResult()}");
        }

        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    /// <summary>s3rver's fixed credentials.</summary>
    public static RemoteContext Context { get; } = new(name => name switch
    {
        "AWS_ACCESS_KEY_ID" => "S3RVER",
        "AWS_SECRET_ACCESS_KEY" => "S3RVER",
        _ => null,
    });

    /// <summary>The server's data folder: objects are files there, so a test can corrupt one.</summary>
    public string DataFolder => _dataFolder;

    /// <summary>A remote under a prefix of its own, so tests do not see each other's objects.</summary>
    public Uri UriFor(string prefix) => new($"s3://{Bucket}/{prefix}?endpoint={Uri.EscapeDataString(Endpoint.ToString())}");

    public IObjectRemote Open(string prefix) => new S3RemoteProvider().Open(UriFor(prefix), Context);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change any test's outcome.
        }
    }

    private async Task<int?> ReadPortAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                // Keep draining stdout so the server never blocks on a full pipe.
                _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
