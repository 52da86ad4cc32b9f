"""The HTTP service: an API over ``qa`` (ask, OpenAI-compatible chat) and the store (documents, facts).

``service.api.create_app`` builds the FastAPI application; ``budgetqa serve`` runs it with uvicorn.
"""
