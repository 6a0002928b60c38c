using System.Threading.RateLimiting;
using FashionSearch.Web.Api;
using FashionSearch.Web.Health;
using FashionSearch.Web.Images;
using FashionSearch.Web.Options;
using FashionSearch.Web.Telemetry;
using FashionSearch.Web.Uploads;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace FashionSearch.Web.Hosting;

/// <summary>Registers the web app's services: the library from configuration, the API's protections, health and telemetry.</summary>
internal static class WebAppServices
{
    /// <summary>Adds everything the app needs.</summary>
    /// <param name="builder">The app builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddFashionSearchWeb(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var section = configuration.GetSection(WebAppOptions.SectionName);
        var settings = section.Get<WebAppOptions>() ?? new WebAppOptions();
        builder.Services.AddOptions<WebAppOptions>().Bind(section)
            .Validate(o => !o.GetErrors().Any(), "FashionSearchWeb settings are invalid.")
            .ValidateOnStart();
        if (settings.GetErrors().FirstOrDefault() is { } error)
        {
            throw new InvalidOperationException(error);
        }

        AddLibrary(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddSingleton<UploadCache>();
        builder.Services.AddSingleton<AskService>();
        builder.Services.AddSingleton<ItemThumbnails>();
        builder.Services.AddHostedService<CatalogStartup>();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("catalog", tags: ["ready"]);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = AskFormReader.MaxBodyBytes(settings));
        AddRateLimiting(builder.Services, settings.RateLimit);
        builder.Services.AddRequestTimeouts(o => o.AddPolicy(ApiEndpoints.Policy, new RequestTimeoutPolicy
        {
            Timeout = settings.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => ProblemWriter.WriteAsync(context, ProblemMapping.Create(
                StatusCodes.Status504GatewayTimeout, "The request took too long", $"The request did not finish within {settings.RequestTimeout} (FashionSearchWeb:RequestTimeout).")),
        }));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.AddTelemetry(settings.Telemetry);
        return builder;
    }

    private static void AddLibrary(WebApplicationBuilder builder)
    {
        var search = builder.Services.AddMultimodalFashionSearch(builder.Configuration)
            .AddBlip2Onnx(o => o.ModelDirectory = string.IsNullOrWhiteSpace(o.ModelDirectory) ? BundledDemo.ModelDirectory : o.ModelDirectory);
        var connectionString = builder.Configuration.GetConnectionString("Catalog");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            search.AddPgVectorCatalog(o => o.ConnectionString = connectionString);
        }
        else
        {
            search.AddEmbeddedCatalog(o => o.Directory = string.IsNullOrWhiteSpace(o.Directory) ? BundledDemo.StoreDirectory : o.Directory);
        }

        search.AddGeminiIfConfigured();
    }

    private static void AddRateLimiting(IServiceCollection services, RateLimitSettings settings) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(ApiEndpoints.Policy, context => RateLimitPartition.GetTokenBucketLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.PermitsPerMinute,
                TokensPerPeriod = Math.Max(1, settings.PermitsPerMinute / 12),
                ReplenishmentPeriod = TimeSpan.FromSeconds(5),
                QueueLimit = settings.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        o.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            WebLog.RateLimited(http.RequestServices.GetRequiredService<ILogger<RateLimitSettings>>(), http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Path);
            await ProblemWriter.WriteAsync(http, ProblemMapping.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This client may make {settings.PermitsPerMinute} requests a minute (FashionSearchWeb:RateLimit:PermitsPerMinute); try again shortly.")).ConfigureAwait(false);
        };
    });
}
