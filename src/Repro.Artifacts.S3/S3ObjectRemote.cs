using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Repro.Artifacts.Remotes;

namespace Repro.Artifacts.S3;

/// <summary>
/// A remote in an S3 bucket (AWS or an S3-compatible server): objects under <c>PREFIX/objects/ab/&lt;rest&gt;</c>.
/// Each object is one PUT, which S3 makes visible only when complete; existence is checked per fan-out
/// folder with a listing (or a HEAD for a folder with only a few digests asked about).
/// </summary>
internal sealed class S3ObjectRemote : IObjectRemote
{
    /// <summary>A single PUT's limit on S3; larger objects would need a multipart upload.</summary>
    public const long MaxObjectBytes = 5L << 30;

    private const int ListingParallelism = 8;

    private readonly IAmazonS3 _client;
    private readonly S3RemoteAddress _address;
    private readonly int _headInsteadOfListingUpTo;
    private readonly int? _listPageSize;

    /// <param name="client">The S3 client; disposed with the remote.</param>
    /// <param name="address">Bucket, prefix and endpoint.</param>
    /// <param name="headInsteadOfListingUpTo">A fan-out folder asked about for at most this many digests gets one HEAD each instead of a listing (default 4).</param>
    /// <param name="listPageSize">Keys per listing page; null for the server's default (1,000 on S3).</param>
    public S3ObjectRemote(IAmazonS3 client, S3RemoteAddress address, int headInsteadOfListingUpTo = 4, int? listPageSize = null)
    {
        _client = client;
        _address = address;
        _headInsteadOfListingUpTo = headInsteadOfListingUpTo;
        _listPageSize = listPageSize;
    }

    public string Address => _address.ToString();

    public async Task<bool> ContainsAsync(string digest, CancellationToken cancellationToken)
    {
        var key = _address.KeyFor(digest);
        try
        {
            await _client.GetObjectMetadataAsync(_address.Bucket, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (Exception ex) when (IsRemoteFailure(ex, cancellationToken))
        {
            throw Translate(ex, $"checking for {digest}");
        }
    }

    public async Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var existing = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var groups = digests.Distinct(StringComparer.Ordinal).GroupBy(RemoteObjectLayout.FanOut, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = cancellationToken }, async (group, token) =>
        {
            if (group.Count() <= _headInsteadOfListingUpTo)
            {
                foreach (var digest in group)
                {
                    if (await ContainsAsync(digest, token).ConfigureAwait(false))
                    {
                        existing[digest] = true;
                    }
                }

                return;
            }

            var wanted = group.ToHashSet(StringComparer.Ordinal);
            foreach (var digest in await ListFanOutAsync(group.Key, token).ConfigureAwait(false))
            {
                if (wanted.Contains(digest))
                {
                    existing[digest] = true;
                }
            }
        }).ConfigureAwait(false);
        return existing.Keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task UploadAsync(string digest, Stream content, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > MaxObjectBytes)
        {
            throw new RemoteException($"{digest} has {length} bytes, more than the {MaxObjectBytes} bytes one S3 PUT takes; objects this large are not supported by the S3 remote yet.");
        }

        var request = new PutObjectRequest
        {
            BucketName = _address.Bucket,
            Key = _address.KeyFor(digest),
            InputStream = content,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            // aws-chunked framing is stored inside the object by some S3-compatible servers (s3rver 3.7):
            // send a plain body of known length instead. The digest is verified while it streams anyway.
            UseChunkEncoding = false,
            // Over HTTPS, TLS protects the body and signing it would mean reading it twice; plain HTTP requires it.
            DisablePayloadSigning = _address.Endpoint?.Scheme != Uri.UriSchemeHttp,
            ContentType = "application/octet-stream",
        };
        request.Headers.ContentLength = length;
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Find<ReproException>(ex) is { } ours)
        {
            // The verifying stream refused to hand out the last block: report that, not the SDK's wrapper.
            throw ours;
        }
        catch (Exception ex) when (IsRemoteFailure(ex, cancellationToken))
        {
            throw Translate(ex, $"uploading {digest}");
        }
    }

    public async Task<Stream> OpenDownloadAsync(string digest, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_address.Bucket, _address.KeyFor(digest), cancellationToken).ConfigureAwait(false);
            return new S3DownloadStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            throw new RemoteException($"The S3 remote {Address} has no object {digest}.", isTransient: false, ex);
        }
        catch (Exception ex) when (IsRemoteFailure(ex, cancellationToken))
        {
            throw Translate(ex, $"downloading {digest}");
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<List<string>> ListFanOutAsync(string fanOut, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _address.Bucket, Prefix = _address.FanOutPrefix(fanOut), MaxKeys = _listPageSize };
        try
        {
            do
            {
                var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (var entry in response.S3Objects ?? [])
                {
                    var name = entry.Key[request.Prefix.Length..];
                    if (RemoteObjectLayout.DigestFor(fanOut, name) is { } digest)
                    {
                        found.Add(digest);
                    }
                }

                request.ContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
            }
            while (request.ContinuationToken is not null);
        }
        catch (Exception ex) when (IsRemoteFailure(ex, cancellationToken))
        {
            throw Translate(ex, $"listing {request.Prefix}");
        }

        return found;
    }

    private static bool IsRemoteFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private RemoteException Translate(Exception ex, string doing)
    {
        if (ex is AmazonS3Exception s3)
        {
            var (what, transient) = s3.ErrorCode switch
            {
                "NoSuchBucket" => ($"the bucket '{_address.Bucket}' does not exist", false),
                "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" =>
                    ($"access was refused ({s3.ErrorCode}); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's policy", false),
                _ => ($"the server answered {(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}", (int)s3.StatusCode >= 500 || s3.StatusCode == HttpStatusCode.TooManyRequests),
            };
            return new RemoteException($"The S3 remote {Address} failed while {doing}: {what}.", transient, ex);
        }

        return new RemoteException($"The S3 remote {Address} could not be reached while {doing}: {ex.Message}", isTransient: true, ex);
    }

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
