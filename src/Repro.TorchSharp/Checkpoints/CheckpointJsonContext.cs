using System.Text.Json.Serialization;

namespace Repro.TorchSharp.Checkpoints;

/// <summary>Source-generated snake_case JSON for checkpoint headers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
