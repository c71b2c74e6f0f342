class AppError(Exception):
    pass


class ConfigError(AppError):
    def __init__(self, key):
        super().__init__(f"missing key {key!r}")
        self.key = key


def load(cfg, key):
    if key not in cfg:
        raise ConfigError(key)
    return cfg[key]


try:
    load({}, "a")
except AppError as e:
    print("caught:", type(e).__name__, e, e.key, e.args)
    print(repr(e))

load({"b": 1}, "port")
