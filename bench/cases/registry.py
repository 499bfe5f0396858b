"""Registry list pages: a fixed number of queries whatever the size of the record."""


def run(ctx):
    return [
        ctx.compare_years("administrations list", "/administrations/"),
        ctx.compare_years("entities list", "/entities/"),
        ctx.compare_years("entities list filtered (RTC, accredited)", "/entities/?kind=RTC&status=accredited"),
        ctx.compare_years("administrations JSON", "/api/v1/administrations"),
    ]
