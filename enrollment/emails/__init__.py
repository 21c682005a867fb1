"""Emails: recorded with the change that causes them, sent once by a worker.

catalogue   what each email is (subject, whether it can be turned off, its unique key)
preferences a resident's opt-out of non-essential emails, and one-click unsubscribe
outbox      records an email in the caller's transaction, hands it to the worker after commit;
            the only module that names tasks
rendering   builds the message: text and HTML from templates, headers, calendar files
delivery    claims recorded emails, sends them over one connection, records each outcome
tasks       the worker's delivery tasks
reminders   what beat finds due: class, offer and quiz reminders
announcements  coordinators' messages to a cohort
"""
