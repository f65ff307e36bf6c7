using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniSupport.Api;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddOmniSupport(builder.Configuration);
builder.Services.AddOmniSupportTelemetry(builder.Configuration, "omnisupport-functions");
builder.Build().Run();
