using System.Text.Encodings.Web;
using System.Text.Json;

namespace Repro.Cli.Running;

/// <summary>The JSON that <c>repro run</c> stores in tags and passes to children: compact, snake_case, readable non-ASCII.</summary>
internal static class RunJson
{
    // Stored and passed through the environment, never embedded in HTML: relaxed escaping keeps paths and
    // params readable.
    public static readonly JsonSerializerOptions Compact = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
