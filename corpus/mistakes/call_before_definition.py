def main():
    print("main runs")
    return load_settings()


print(main.__name__, "defined")
main()


def load_settings():
    return "load_settings"
