def membership(request):
    member = getattr(request, "membership", None)
    # Unwrap the lazy object so templates can test `{% if membership %}` on None.
    return {"membership": member if member else None}
