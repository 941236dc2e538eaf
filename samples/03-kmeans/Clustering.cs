/// <summary>One k-means result: the centres, each point's cluster, the inertia and the iterations it took.</summary>
internal sealed record Clustering(double[][] Centres, int[] Assignment, double Inertia, int Iterations);
