using System.Text.Json.Serialization;

namespace Repro.Profiling;

/// <summary>The JSON of a stored <see cref="RunProfile"/>: snake_case, every field written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
