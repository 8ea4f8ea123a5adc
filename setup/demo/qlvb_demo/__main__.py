"""Fill an activated database with the demo data of its modules."""
import argparse

from proteus import config as pconfig

from . import PASSWORD, print_logins, setup_demo


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', '--config', dest='config_file')
    parser.add_argument('-d', '--database')
    parser.add_argument('--logins', action='store_true',
        help="only print the logins")
    parser.add_argument('--password', action='store_true',
        help="only print the demo password")
    args = parser.parse_args()
    if args.password:
        print(PASSWORD)
        return
    if args.logins or not args.database:
        print_logins()
        return
    config = pconfig.set_trytond(
        database=args.database, config_file=args.config_file)
    setup_demo(config, signing=True, inspection=True)
    print_logins()


if __name__ == '__main__':
    main()
