using System.Text.Json.Serialization;

namespace Repro.Environments;

/// <summary>Source-generated JSON for manifests: snake_case, indented; no reflection, so the first capture is fast too.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EnvironmentManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
