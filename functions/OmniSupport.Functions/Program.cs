using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniSupport.Api;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OmniSupport.Functions.Middleware;

namespace OmniSupport.Functions;

public static class FunctionsProgram
{
    public static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        SafeHostDefaults.AddTo(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ApiRequestMiddleware>();
        builder.Services.AddSingleton<FunctionScopes>();
        builder.Services.AddOmniSupport(builder.Configuration);
        QueueBindingSettings.AddQueueBindingCheck(builder.Services, builder.Configuration);
        builder.Services.AddOmniSupportTelemetry(builder.Configuration, "omnisupport-functions", otel => otel.UseFunctionsWorkerDefaults());
        builder.Build().Run();
    }
}
