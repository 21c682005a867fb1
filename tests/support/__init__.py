"""What the tests share.

Factories, a real Celery worker, child processes, and mail backends that fail or stall.
"""
