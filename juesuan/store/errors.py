"""Named failures of the store, so the command line can turn each into one clear message."""


class StoreError(Exception):
    """Base class of the store's own failures."""


class StoreBusy(StoreError):
    """Another run holds the writer lock of this store."""


class StoreNotFound(StoreError):
    """A read-only open of a store file that does not exist."""


class SchemaTooNew(StoreError):
    """The store was migrated by a newer juesuan than this one."""


class BadFacts(StoreError):
    """A workbook's facts do not fit the store's fact tables (unknown column, ragged lists)."""
