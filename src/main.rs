fn main() {
    konnect_service_hub::start();
}
