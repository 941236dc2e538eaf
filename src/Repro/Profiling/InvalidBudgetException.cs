namespace Repro.Profiling;

/// <summary>A budget (a memory size or a duration) that cannot be parsed.</summary>
internal sealed class InvalidBudgetException(string message) : ReproException(message);
