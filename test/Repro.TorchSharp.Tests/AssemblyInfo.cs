// libtorch's generators and thread counts are process-wide: tests that seed, pin or train must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
