"""The one exception the read stage lets out."""


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook.

    The message is plain Chinese for the person who sent the file: what the file really is or
    what is wrong with it, and what to send instead.
    """
