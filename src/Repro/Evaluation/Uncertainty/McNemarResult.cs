namespace Repro.Evaluation.Uncertainty;

/// <summary>McNemar's exact test of two classifiers on the same examples: the 2×2 table of right and wrong, and the p-value.</summary>
/// <param name="Rows">The number of paired examples.</param>
/// <param name="PairedBy">How the rows were paired.</param>
/// <param name="BothCorrect">Examples both classifiers got right.</param>
/// <param name="OnlyACorrect">Examples A got right and B wrong (the discordant count b).</param>
/// <param name="OnlyBCorrect">Examples B got right and A wrong (the discordant count c).</param>
/// <param name="BothWrong">Examples both got wrong.</param>
/// <param name="PValue">The exact two-sided p-value of "A and B are equally often right" (see <see cref="McNemar"/>).</param>
public sealed record McNemarResult(int Rows, PairedBy PairedBy, int BothCorrect, int OnlyACorrect, int OnlyBCorrect, int BothWrong, double PValue);
