using System.Text.Json.Serialization;

namespace Repro.Artifacts;

/// <summary>Source-generated JSON for artifact texts (manifest names, metadata).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ArtifactJsonContext : JsonSerializerContext;
