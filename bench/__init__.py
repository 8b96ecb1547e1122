"""Build benchmark: a seeded synthetic site written for Bảng Vàng, Hugo and Pelican (see README.md)."""
